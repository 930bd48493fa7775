package io.cloudvoter.model.flow;

/** When a run's storage state (cookies, local storage) is saved back to its instance ({@code saveState:}). */
public enum SaveState {
    /** After any run that loaded the target without a browser error: {@code SUCCESS}, {@code FAILED}, {@code RATE_LIMITED}. */
    REACHED,
    /** After a {@code SUCCESS} only. */
    SUCCESS,
    /** Never: every run starts from the state the instance has. */
    NEVER
}
