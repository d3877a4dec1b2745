package io.day2ops.backup.rest;

import io.day2ops.backup.crypto.KeyUnavailableException;
import io.day2ops.backup.storage.CorruptBackupException;
import io.day2ops.foundation.rest.ProblemDetails;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A stored backup that cannot be served as it is: problem+json naming why, never a part of it. */
public class BackupProblems {

    /** Stored bytes differ from what was recorded: refused, 409, naming the part. */
    @ServerExceptionMapper
    public Response corrupt(CorruptBackupException problem) {
        return new ProblemDetails(
                        "urn:day2ops:problem:corrupt-backup",
                        "Stored backup does not verify",
                        409,
                        problem.getMessage(),
                        List.of())
                .toResponse();
    }

    /** The keyring lacks the master key the backup's data key is wrapped with. */
    @ServerExceptionMapper
    public Response keyUnavailable(KeyUnavailableException problem) {
        return new ProblemDetails(
                        "urn:day2ops:problem:key-unavailable",
                        "Backup key not in the keyring",
                        409,
                        problem.getMessage(),
                        List.of())
                .toResponse();
    }
}
