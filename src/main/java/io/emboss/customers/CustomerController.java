package io.emboss.customers;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Customers and their KYC: the tenant's API, the sandbox decision and the operator's decision. */
@RestController
class CustomerController {
    static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{4,30}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Set<String> DOCUMENT_TYPES = Set.of("passport", "national_id", "driver_license",
            "residence_permit", "proof_of_address", "selfie");

    record CreateCustomer(String name, String email, String phone, String externalId) {
    }

    record UpdateCustomer(String name, String email, String phone, String externalId) {
    }

    record KycDocument(String type, String country, String reference) {
    }

    record SubmitKyc(List<KycDocument> documents) {
    }

    record KycDecision(String decision, String reason) {
    }

    private final CustomerService customers;
    private final JsonMapper json;

    CustomerController(CustomerService customers, JsonMapper json) {
        this.customers = customers;
        this.json = json;
    }

    @PostMapping("/v1/customers")
    ResponseEntity<ApiResponse<CustomerView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody CreateCustomer body) {
        Fields f = new Fields();
        String name = f.text("name", body.name(), 1, 200);
        String email = f.email("email", body.email());
        String phone = body.phone() == null ? null : f.matches("phone", body.phone().trim(), PHONE,
                "must be a phone number such as +573001234567", false);
        String externalId = f.optionalText("externalId", body.externalId(), 100);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.created(customers.create(caller, new CustomerService.NewCustomer(name, email, phone,
                externalId)), CustomerView::of);
    }

    @GetMapping("/v1/customers")
    ResponseEntity<ApiResponse<ListPage<CustomerView>>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String email, @RequestParam(required = false) String kycStatus,
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String startingAfter) {
        Fields f = new Fields();
        Customer.KycStatus status = f.oneOf("kycStatus", kycStatus, Customer.KycStatus.class, false);
        String normalizedEmail = email == null ? null : f.text("email", email, 1, 254);
        String text = search == null ? null : f.text("search", search, 1, 100);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        String emailFilter = normalizedEmail == null ? null : normalizedEmail.toLowerCase(java.util.Locale.ROOT);
        return Responses.page(Pagination.parse(limit, startingAfter)
                        .flatMap(p -> customers.list(caller, emailFilter, status, text, p)), CustomerView::of);
    }

    @GetMapping("/v1/customers/{id}")
    ResponseEntity<ApiResponse<CustomerView>> get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return Responses.of(customers.get(caller, id), CustomerView::of);
    }

    @PatchMapping("/v1/customers/{id}")
    ResponseEntity<ApiResponse<CustomerView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateCustomer body) {
        Fields f = new Fields();
        String name = body.name() == null ? null : f.text("name", body.name(), 1, 200);
        String email = body.email() == null ? null : f.email("email", body.email());
        String phone = body.phone() == null ? null : body.phone().isEmpty() ? ""
                : f.matches("phone", body.phone().trim(), PHONE, "must be a phone number such as +573001234567", true);
        String externalId = body.externalId() == null ? null : body.externalId().isEmpty() ? ""
                : f.text("externalId", body.externalId(), 1, 100);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(customers.update(caller, id, new CustomerService.CustomerChanges(name, email, phone,
                externalId)), CustomerView::of);
    }

    @PostMapping("/v1/customers/{id}/kyc")
    ResponseEntity<ApiResponse<CustomerView>> submitKyc(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody SubmitKyc body) {
        Fields f = new Fields();
        List<Map<String, String>> documents = new ArrayList<>();
        if (body.documents() == null || body.documents().isEmpty() || body.documents().size() > 10) {
            f.problem("documents", "must list 1 to 10 documents");
        } else {
            for (int i = 0; i < body.documents().size(); i++) {
                KycDocument d = body.documents().get(i);
                String prefix = "documents[" + i + "].";
                if (d == null) {
                    f.problem("documents[" + i + "]", "is required");
                    continue;
                }
                if (d.type() == null || !DOCUMENT_TYPES.contains(d.type())) {
                    f.problem(prefix + "type", "must be one of " + String.join(", ", DOCUMENT_TYPES.stream()
                            .sorted().toList()));
                }
                String country = f.matches(prefix + "country", d.country(), COUNTRY,
                        "must be an ISO 3166 alpha-2 code such as CO", true);
                String reference = f.optionalText(prefix + "reference", d.reference(), 100);
                Map<String, String> doc = new LinkedHashMap<>();
                doc.put("type", d.type());
                doc.put("country", country);
                if (reference != null) {
                    doc.put("reference", reference);
                }
                documents.add(doc);
            }
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(customers.submitKyc(caller, id, json.writeValueAsString(documents)),
                CustomerView::of);
    }

    @PostMapping("/v1/simulate/customers/{id}/kyc")
    ResponseEntity<ApiResponse<CustomerView>> simulateDecision(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody KycDecision body) {
        return decision(body, (approved, reason) -> customers.decideKyc(caller, id, approved, reason));
    }

    @PostMapping("/v1/platform/customers/{id}/kyc")
    ResponseEntity<ApiResponse<CustomerView>> operatorDecision(@AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody KycDecision body) {
        return decision(body, (approved, reason) -> customers.decideKycAsOperator(caller, id, approved, reason));
    }

    private ResponseEntity<ApiResponse<CustomerView>> decision(KycDecision body,
            java.util.function.BiFunction<Boolean, String, Outcome<Customer>> decide) {
        Fields f = new Fields();
        if (!"approved".equals(body.decision()) && !"rejected".equals(body.decision())) {
            f.problem("decision", "must be approved or rejected");
        }
        String reason = f.optionalText("reason", body.reason(), 500);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(decide.apply("approved".equals(body.decision()), reason), CustomerView::of);
    }
}
