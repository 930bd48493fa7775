package io.cloudvoter.model.api;

/** Body of every non-2xx answer: the HTTP status, a short code and a message naming the fault. */
public record ErrorBody(int status, String error, String message) {
}
