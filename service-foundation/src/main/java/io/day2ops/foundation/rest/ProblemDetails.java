package io.day2ops.foundation.rest;

import io.day2ops.events.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary
 * @param status the HTTP status
 * @param detail what exactly is wrong
 * @param errors every bad field, for 400s
 */
public record ProblemDetails(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The response carrying this problem. */
    public Response toResponse() {
        return toResponse(Response.status(status));
    }

    /** The response carrying this problem, from a builder that already has headers of its own. */
    public Response toResponse(Response.ResponseBuilder builder) {
        return builder.type(MEDIA_TYPE).entity(this).build();
    }
}
