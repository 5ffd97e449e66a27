package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every state-changing call is audited; a read is audited when its controller marks it (reading
 * a card's full number, for instance).
 */
public final class Audit {
    public static final String ATTRIBUTE = "emboss.audit";

    private Audit() {
    }

    public static void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    public static boolean marked(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) != null;
    }
}
