package org.netllm.testbed.server.http;

import org.netllm.testbed.server.spi.JsonBody;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.netllm.testbed.server.spi.RequestException;

/** JSON replies, request checks shared by the API routes, and the bridge from worker futures. */
public final class Replies {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        byte[] utf8;
        try {
            utf8 = JsonBody.mapper().writeValueAsBytes(body); // straight to UTF-8: no String to encode again
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise reply " + body.getClass().getSimpleName(), e);
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(utf8));
    }

    /** Error messages may quote client input; replies and log lines carry at most this much of them. */
    static final int MAX_ERROR_CHARS = 300;

    /** {@code {"error": message}} with the status; resets the stream when the head has gone out already. */
    public static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        json(ctx, status, Map.of("error", bounded(message, MAX_ERROR_CHARS)));
    }

    /** {@code text} cut to {@code max} characters (with a marker), null as "". */
    static String bounded(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }

    /** 415 unless the body is declared JSON (docs/protocol.md: all API bodies are JSON). */
    static void requireJson(RoutingContext ctx) {
        String ct = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            throw new RequestException(RequestException.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be " + JSON + ", got " + (ct == null ? "none" : "'" + ct + "'"));
        }
    }

    /** Runs {@code onSuccess} on the request's event loop when {@code work} completes; failures → failure handler. */
    static <T> void whenDone(RoutingContext ctx, CompletableFuture<T> work, Consumer<T> onSuccess) {
        Future.fromCompletionStage(work, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                onSuccess.accept(ar.result());
            } else {
                Throwable t = ar.cause();
                ctx.fail(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
            }
        });
    }
}
