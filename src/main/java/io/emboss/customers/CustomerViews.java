package io.emboss.customers;

import java.util.LinkedHashMap;
import java.util.Map;

/** A customer as the API and its events show it. */
final class CustomerViews {
    private CustomerViews() {
    }

    static Map<String, Object> of(Customer c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("name", c.name());
        view.put("email", c.email());
        view.put("phone", c.phone());
        view.put("externalId", c.externalId());
        view.put("kycStatus", c.kycStatus().wire());
        view.put("kycReason", c.kycReason());
        view.put("livemode", "live".equals(c.environment()));
        view.put("createdAt", c.createdAt());
        view.put("updatedAt", c.updatedAt());
        return view;
    }
}
