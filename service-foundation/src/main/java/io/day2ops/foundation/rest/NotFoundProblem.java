package io.day2ops.foundation.rest;

/** Something named in the request does not exist: answered 404 with a problem+json body saying what. */
public class NotFoundProblem extends RuntimeException {

    public NotFoundProblem(String message) {
        super(message, null, false, false);
    }
}
