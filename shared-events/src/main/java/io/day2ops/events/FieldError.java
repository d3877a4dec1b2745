package io.day2ops.events;

/**
 * One thing wrong with an incoming event or request.
 *
 * @param field the JSON path of the offending field, e.g. {@code name}, {@code labelSelector.matchLabels}, or a header
 *     name such as {@code ce_type}; {@code $} for the document itself
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
