package io.day2ops.console.pages;

/**
 * Who is looking: their name and highest role. Viewers see everything and no action; operators also see the
 * buttons (the services check the role again when the action arrives).
 */
public record Viewer(String user, String role, String banner) {

    /** True for operators and admins. */
    public boolean operator() {
        return role.equals("operator") || role.equals("admin");
    }
}
