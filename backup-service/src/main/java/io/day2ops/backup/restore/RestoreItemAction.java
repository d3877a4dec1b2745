package io.day2ops.backup.restore;

/**
 * What a restore does to one kind of object before creating it, as Velero's restore item actions: one small class per
 * kind or concern instead of a growing switch. Every implementation is a bean {@link RestoreRunner} is given, so
 * adding behaviour for a kind is adding a class (and its test).
 */
public interface RestoreItemAction {

    /** Whether this action looks at objects of {@code resource} (Velero's name, {@code statefulsets.apps}). */
    boolean appliesTo(String resource);

    /**
     * Changes {@code item.desired()} in place, or decides the object is not restored. Throwing a
     * {@code KubernetesClientException} fails the item with its message.
     */
    Result execute(RestoreItemInput item, RestoreContext restore);

    /** When this action runs relative to the others that apply, lowest first. */
    default int order() {
        return 100;
    }

    /**
     * What an action decided.
     *
     * @param skipReason why the object is left out, or null to go on
     */
    record Result(String skipReason) {

        private static final Result PROCEED = new Result(null);

        /** Go on with the object (changed or not). */
        public static Result proceed() {
            return PROCEED;
        }

        /** Leave the object out: it must not be restored, for {@code reason}. */
        public static Result skip(String reason) {
            return new Result(reason);
        }

        public boolean skipped() {
            return skipReason != null;
        }
    }
}
