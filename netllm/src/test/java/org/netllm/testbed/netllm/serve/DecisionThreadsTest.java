package org.netllm.testbed.netllm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecisionThreadsTest {

    @Test
    void aLoneSessionsDecisionsAllRunOnTheThreadThatWentIdleLast() throws Exception {
        DecisionThreads threads = new DecisionThreads(64, 256, "d-");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(2); // a player's gap between reports: the thread is idle when the next one comes
            names.add(CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), threads).get());
        }
        assertEquals(Set.of("d-1"), names, "one warm thread, not a fresh or the longest-idle one per decision");
        assertEquals(1, threads.threadCount());
        assertTrue(threads.shutdownAndAwait(1000));
    }

    @Test
    void concurrentDecisionsGetAThreadEachThenWaitThenAreRefused() throws Exception {
        DecisionThreads threads = new DecisionThreads(2, 1, "d-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        Runnable blocker = () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        threads.execute(blocker);
        threads.execute(blocker);
        assertTrue(running.await(5, TimeUnit.SECONDS), "both run at once on their own threads");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), threads);
        RejectedExecutionException full = assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
        assertTrue(full.getMessage().contains("2 decision threads are busy"), full.getMessage());
        release.countDown();
        assertTrue(List.of("d-1", "d-2").contains(waiting.get(5, TimeUnit.SECONDS)), "the waiting one ran after them");
        assertEquals(2, threads.threadCount());
        assertTrue(threads.shutdownAndAwait(1000));
    }

    @Test
    void shutdownRefusesNewWorkAndFinishesWaitingWork() throws Exception {
        DecisionThreads threads = new DecisionThreads(1, 4, "d-");
        CountDownLatch release = new CountDownLatch(1);
        threads.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> 7, threads);
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> threads.shutdownAndAwait(5000));
        Thread.sleep(50);
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
        release.countDown();
        assertEquals(7, queued.get(5, TimeUnit.SECONDS));
        assertTrue(stopped.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingTaskDoesNotEndItsThread() throws Exception {
        DecisionThreads threads = new DecisionThreads(1, 1, "d-");
        Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
        CompletableFuture<Void> boom = new CompletableFuture<>();
        threads.execute(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(quiet);
            boom.complete(null);
            throw new IllegalStateException("boom");
        });
        boom.get(5, TimeUnit.SECONDS);
        assertEquals("d-1", CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), threads)
                .get(5, TimeUnit.SECONDS));
        assertEquals(1, threads.threadCount());
        assertTrue(threads.shutdownAndAwait(1000));
    }
}
