package org.netllm.testbed.server.spi;

/** A JSON reply with a status other than 200 (e.g. 201 for a created episode). */
public record TaskReply(int status, Object body) {

    public TaskReply {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a reply is 2xx; refuse with RequestException instead, got " + status);
        }
    }

    public static TaskReply created(Object body) {
        return new TaskReply(201, body);
    }
}
