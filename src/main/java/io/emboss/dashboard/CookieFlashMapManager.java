package io.emboss.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message a page leaves for the page it redirects to ("Card frozen", "Amount is below the
 * minimum") travels in a short-lived cookie, not in a servlet session: the next page may be served
 * by another instance, and Emboss keeps no session in any instance's memory. Only texts are carried
 * (never a secret: a secret shown once is rendered on the answer itself).
 */
@Component("flashMapManager")
class CookieFlashMapManager extends AbstractFlashMapManager {
    static final String COOKIE = "emboss_flash";
    private static final int MAX_BYTES = 3000;
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
        String value = ConsoleFilter.cookie(request, COOKIE).orElse(null);
        if (value == null || value.isEmpty() || value.length() > MAX_BYTES * 2) {
            return null;
        }
        try {
            List<Map<String, String>> stored = json.readValue(Base64.getUrlDecoder().decode(value),
                    new TypeReference<List<Map<String, String>>>() { });
            List<FlashMap> maps = new ArrayList<>();
            for (Map<String, String> m : stored) {
                FlashMap f = new FlashMap();
                m.forEach((k, v) -> {
                    if (k.startsWith("@")) {
                        if ("@path".equals(k)) {
                            f.setTargetRequestPath(v);
                        }
                    } else {
                        f.put(k, v);
                    }
                });
                f.startExpirationPeriod(getFlashMapTimeout());
                maps.add(f);
            }
            return maps;
        } catch (RuntimeException unreadable) {
            return null; // a cookie we did not write, or a broken one: no message
        }
    }

    @Override
    protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request, HttpServletResponse response) {
        List<Map<String, String>> stored = new ArrayList<>();
        for (FlashMap f : flashMaps) {
            Map<String, String> m = new LinkedHashMap<>();
            if (f.getTargetRequestPath() != null) {
                m.put("@path", f.getTargetRequestPath());
            }
            f.forEach((k, v) -> {
                if (v instanceof String text) {
                    m.put(k, text);
                }
            });
            stored.add(m);
        }
        String value = stored.isEmpty() ? "" : Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8));
        if (value.length() > MAX_BYTES * 2) {
            value = ""; // a message too long to carry is dropped, never cut into something else
        }
        ConsoleFilter.setCookie(request, response, COOKIE, value, value.isEmpty() ? 0 : 60);
    }
}
