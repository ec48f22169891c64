package dev.modelcompose.engine.controller;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success: the HTTP status and the body {@code {"error": {"code", "message", "job_id"?}}}.
 * Messages are written for people and never carry a stack trace.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String jobId;

    public ApiError(int status, String code, String message, String jobId) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.jobId = jobId;
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    static ApiError invalidInput(String message) {
        return new ApiError(400, "invalid_input", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    static ApiError shuttingDown() {
        return new ApiError(503, "shutting_down", "Service is shutting down.");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String jobId() {
        return jobId;
    }

    /** The body: {@code {"error": {"code", "message", "job_id"?}}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        if (jobId != null) {
            error.put("job_id", jobId);
        }
        return Map.of("error", error);
    }
}
