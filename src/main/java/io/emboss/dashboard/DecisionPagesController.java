package io.emboss.dashboard;

import io.emboss.events.DecisionWebhooks;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.node.IntNode;

/**
 * The real-time authorization decision endpoint ({@code /v1/authorization-endpoint}): its settings,
 * save (the signing secret shown when it is new or rotated, never again), delete.
 */
@Controller
class DecisionPagesController {
    private static final String PAGE = "/dashboard/developers/decision-endpoint";

    private final DecisionWebhooks webhooks;

    DecisionPagesController(DecisionWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping(PAGE)
    String settings(HttpServletRequest request, Model model) {
        Outcome<DecisionWebhooks.Endpoint> current = webhooks.get(Console.caller(request));
        model.addAttribute("page", "developers");
        model.addAttribute("section", "decision");
        model.addAttribute("endpoint", current.isOk() ? current.value() : null);
        model.addAttribute("updatedAt", current.isOk() ? ConsoleLists.time(current.value().updatedAt()) : null);
        model.addAttribute("defaultTimeoutMs", DecisionWebhooks.DEFAULT_TIMEOUT_MS);
        model.addAttribute("maxTimeoutMs", DecisionWebhooks.MAX_TIMEOUT_MS);
        return "dashboard/decision-endpoint";
    }

    /** Saves as {@code PUT /v1/authorization-endpoint} does. */
    @PostMapping(PAGE)
    String save(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash,
            @RequestParam(required = false) String url, @RequestParam(required = false) String standIn,
            @RequestParam(required = false) String timeoutMs, @RequestParam(required = false) String rotateSecret) {
        Fields f = new Fields();
        String target = f.text("url", url == null ? null : url.trim(), 8, 2048);
        String answer = ConsoleLists.given(standIn) == null ? "decline" : standIn;
        if (!answer.equals("approve") && !answer.equals("decline")) {
            f.problem("standIn", "must be approve or decline");
        }
        Integer timeout = timeoutMs(f, ConsoleLists.given(timeoutMs));
        if (!f.ok()) {
            return Console.rejected(f.rejection(), PAGE, flash, response, model);
        }
        Caller caller = Console.caller(request);
        Outcome<DecisionWebhooks.Saved> saved = webhooks.save(caller, target, answer,
                timeout == null ? DecisionWebhooks.DEFAULT_TIMEOUT_MS : timeout, rotateSecret != null);
        if (!saved.isOk()) {
            return Console.rejected(saved.rejection(), PAGE, flash, response, model);
        }
        model.addAttribute("secret", saved.value().secret());
        model.addAttribute(Console.NOTICE, "Authorization endpoint saved.");
        return settings(request, model);
    }

    private static Integer timeoutMs(Fields f, String value) {
        if (value == null) {
            return null;
        }
        try {
            return f.intRange("timeoutMs", IntNode.valueOf(Integer.parseInt(value)), 100,
                    DecisionWebhooks.MAX_TIMEOUT_MS);
        } catch (NumberFormatException e) {
            f.problem("timeoutMs", "must be a whole number of milliseconds");
            return null;
        }
    }

    @PostMapping(PAGE + "/delete")
    String delete(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash) {
        return Console.after(webhooks.delete(Console.caller(request)), "Authorization endpoint deleted.", PAGE, flash,
                response, model);
    }
}
