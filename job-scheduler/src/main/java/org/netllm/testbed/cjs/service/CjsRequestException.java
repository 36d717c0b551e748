package org.netllm.testbed.cjs.service;

/** Bad client input: names the JSON field (dotted path) and the problem; maps to HTTP 400. */
public final class CjsRequestException extends IllegalArgumentException {

    private final String field;

    public CjsRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public CjsApi.ErrorJson toJson() {
        return new CjsApi.ErrorJson(field, getMessage().substring(field.length() + 2));
    }
}
