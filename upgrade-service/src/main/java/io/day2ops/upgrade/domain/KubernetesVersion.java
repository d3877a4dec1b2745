package io.day2ops.upgrade.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes {@code major.minor} version, parsed from what API servers and people write: {@code v1.31.4},
 * {@code 1.31}, {@code v1.29.3-eks-adc7111}.
 *
 * @param major the major version
 * @param minor the minor version
 */
public record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?$");

    /** Parses a version; fails naming the text when it is not one. */
    public static KubernetesVersion parse(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes version like 1.31 or v1.31.2");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** How many minor versions {@code other} is ahead of this one (negative when behind). */
    public int minorsTo(KubernetesVersion other) {
        if (other.major != major) {
            return Integer.MAX_VALUE;
        }
        return other.minor - minor;
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
