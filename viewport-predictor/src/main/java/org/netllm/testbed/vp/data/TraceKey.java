package org.netllm.testbed.vp.data;

/** One (video, user) viewing trace of a dataset; numbers are NetLLM's folder/file numbers. */
public record TraceKey(int video, int user) implements Comparable<TraceKey> {

    @Override
    public int compareTo(TraceKey o) {
        return video != o.video ? Integer.compare(video, o.video) : Integer.compare(user, o.user);
    }

    @Override
    public String toString() {
        return "video" + video + "/user" + user;
    }
}
