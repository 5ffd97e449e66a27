package io.emboss.dashboard;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.tenancy.ApiKey;
import io.emboss.tenancy.ApiKeyService;
import io.emboss.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The environment's API keys ({@code /v1/api-keys}): list, create (the secret is on the answer to the
 * creation only, never stored in the session, never shown again), revoke. {@link ApiKeyService}
 * enforces the {@code admin} permission; its refusal is what the page says.
 */
@Controller
class ApiKeyPagesController {
    private static final String PAGE = "/dashboard/developers/api-keys";

    /** A key as listed: its redacted form, never its secret. */
    public record KeyRow(String id, String name, String redacted, String permissions, String createdAt,
                         String revokedAt) {
        static KeyRow of(ApiKey k) {
            return new KeyRow(k.id(), k.name(), k.prefix() + "…" + k.last4(),
                    String.join(", ", new TreeSet<>(k.permissions())), ConsoleLists.time(k.createdAt()),
                    k.revokedAt() == null ? null : ConsoleLists.time(k.revokedAt()));
        }
    }

    private final ApiKeyService keys;

    ApiKeyPagesController(ApiKeyService keys) {
        this.keys = keys;
    }

    @GetMapping(PAGE)
    String list(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String startingAfter) {
        Caller caller = Console.caller(request);
        model.addAttribute("page", "developers");
        model.addAttribute("section", "api-keys");
        model.addAttribute("permissions", Caller.ALL_PERMISSIONS.stream().sorted().toList());
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> keys.list(caller, p)), KeyRow::of,
                request, response, model);
        return "dashboard/api-keys";
    }

    /**
     * Creates a key as {@code POST /v1/api-keys} does. {@code permissionsChosen} says the form listed
     * permissions, so that none ticked is a key without permissions, as an empty list is in the API.
     */
    @PostMapping(PAGE)
    String create(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash,
            @RequestParam(required = false) String name, @RequestParam(required = false) List<String> permissions,
            @RequestParam(required = false) String permissionsChosen) {
        Fields f = new Fields();
        String keyName = ConsoleLists.given(name) == null ? "API key" : f.text("name", name.trim(), 1, 100);
        if (!f.ok()) {
            return Console.rejected(f.rejection(), PAGE, flash, response, model);
        }
        Set<String> granted = permissionsChosen == null ? null : Set.copyOf(permissions == null ? List.of() : permissions);
        Outcome<ApiKeyService.CreatedKey> created = keys.create(Console.caller(request), keyName, granted);
        if (!created.isOk()) {
            return Console.rejected(created.rejection(), PAGE, flash, response, model);
        }
        model.addAttribute("createdKey", KeyRow.of(created.value().key()));
        model.addAttribute("secret", created.value().secret());
        response.setStatus(201);
        return list(request, response, model, null);
    }

    @PostMapping(PAGE + "/{id}/revoke")
    String revoke(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes flash) {
        return Console.after(keys.revoke(Console.caller(request), id), "API key " + id + " revoked.", PAGE, flash,
                response, model);
    }
}
