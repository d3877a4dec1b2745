package io.day2ops.sandbox;

/**
 * One simulated controller of a sandbox's control plane. A reconcile reads what the pass listed (as an informer cache
 * would) and writes through the store; what it writes is seen by the controllers after it, or on the next pass.
 */
interface Controller {

    void reconcile(ReconcilePass pass);
}
