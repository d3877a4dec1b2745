package io.day2ops.foundation.clusters;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How logical cluster names map to connections: {@code day2.clusters.<name>.*}. A cluster is reached by an explicit
 * URL (+ token), a kubeconfig context, or the in-cluster service account.
 */
@ConfigMapping(prefix = "day2")
public interface ClustersConfig {

    /** The clusters this service may work on, by logical name. */
    Map<String, Cluster> clusters();

    /**
     * A directory of kubeconfigs, one file per cluster named after it (e.g. a Secret mounted with one key per cluster:
     * {@code prod-eu: <kubeconfig>}). Looked at again on every use: a cluster added to (or changed in, or removed from)
     * the Secret is picked up without a restart once the kubelet has updated the volume. A cluster also in {@code
     * day2.clusters.<name>} with a url, kubeconfig or in-cluster of its own is taken from there; other settings there
     * (etcd, request-timeout, ca-file) apply to the file's cluster too. Hidden files (the kubelet's {@code ..data}) and
     * names that are not DNS labels are ignored.
     */
    Optional<String> clustersDir();

    /** How often every cluster's API server is probed for {@code GET /clusters} and {@code day2_cluster_up}. */
    @WithDefault("30s")
    Duration clusterProbeInterval();

    /** One cluster connection. */
    interface Cluster {
        /** The API server URL, e.g. {@code https://10.0.0.1:6443} or a sandbox's {@code http://127.0.0.1:PORT}. */
        Optional<String> url();

        /** A bearer token for {@code url}. */
        Optional<String> token();

        /**
         * The CA that signed the API server's certificate (PEM file), e.g. a mounted Secret's {@code ca.crt}. Without
         * it (and without {@code ca-data}) an {@code https} URL is verified against the JVM's trusted CAs only.
         */
        Optional<String> caFile();

        /** The same CA inline, base64 of the PEM, as a kubeconfig's {@code certificate-authority-data}. */
        Optional<String> caData();

        /**
         * Sends the token to any certificate, unverified: only for a cluster whose CA cannot be had; every client made
         * with it is logged as a warning. A kubeconfig that says {@code insecure-skip-tls-verify} is warned about too.
         */
        @WithDefault("false")
        boolean insecureSkipTlsVerify();

        /** A kubeconfig file to read instead of {@code url}. */
        Optional<String> kubeconfig();

        /** The context in {@code kubeconfig}; absent means its current context. */
        Optional<String> context();

        /**
         * Use the pod's service account (the service runs inside this cluster): the API server from
         * {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} (or {@code url}), the token from {@code
         * <service-account-dir>/token} (re-read for every request: bound tokens rotate), the CA from {@code ca.crt}.
         */
        @WithDefault("false")
        boolean inCluster();

        /** Where the pod's service account is mounted, for {@code in-cluster}. */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount")
        String serviceAccountDir();

        /** Timeout of each API request. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** The cluster's etcd, for snapshots and health checks; no endpoints means no etcd access. */
        Etcd etcd();
    }

    /** How to reach a cluster's etcd (client port, usually 2379), with TLS client certificates when it uses them. */
    interface Etcd {
        /** Client URLs, e.g. {@code https://10.0.0.1:2379}. */
        Optional<List<String>> endpoints();

        /** The CA that signed etcd's server certificate (PEM), e.g. {@code /etc/kubernetes/pki/etcd/ca.crt}. */
        Optional<String> caFile();

        /** The client certificate (PEM), e.g. {@code /etc/kubernetes/pki/apiserver-etcd-client.crt}. */
        Optional<String> certFile();

        /** The client certificate's key (PEM, PKCS#8). */
        Optional<String> keyFile();

        /** Timeout for connecting and for each call but the snapshot stream. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * How long a whole snapshot stream may take; a stream that has not ended by then (etcd hung, the network gone
         * quiet) is abandoned and the backup's etcd snapshot fails naming this setting.
         */
        @WithDefault("10m")
        Duration snapshotTimeout();
    }
}
