package io.cloudvoter.agent;

/**
 * An operator's request the agent will not carry out, and why. The web layer turns the kind into
 * an HTTP status; the message is shown to the operator as is, so it names the input and the reason.
 */
public final class Refusal extends RuntimeException {
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, message);
    }

    /** A body over its endpoint's limit (413). */
    public static Refusal tooLarge(String message) {
        return new Refusal(Kind.TOO_LARGE, message);
    }

    /** A body in a media type or charset the endpoint does not read (415). */
    public static Refusal unsupportedMediaType(String message) {
        return new Refusal(Kind.UNSUPPORTED_MEDIA_TYPE, message);
    }

    public Kind kind() {
        return kind;
    }
}
