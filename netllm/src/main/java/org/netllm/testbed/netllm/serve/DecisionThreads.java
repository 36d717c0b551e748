package org.netllm.testbed.netllm.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The model service's decision threads: at most {@code maxThreads}, each decision handed to the thread that went
 * idle <em>last</em>, a new thread started only when none is idle, then up to {@code backlogCapacity} decisions
 * wait, and more are refused ({@link RejectedExecutionException}: the server's 503).
 *
 * <p>Why not a {@code ThreadPoolExecutor} with {@code maxThreads} core threads: that starts a new thread for each
 * of the first {@code maxThreads} tasks even when threads are idle, and then wakes its idle threads in FIFO order
 * (always the one idle longest). A browser session sends one decision every few seconds, so each decision ran on a
 * thread that had not run one for a long time, or had never run one. Here a lone session's decisions all run on
 * one thread, which keeps that thread's native state (libtorch's thread-locals, its malloc arena) warm; concurrent
 * sessions still get a thread each, so up to {@code maxThreads} of them can wait in one batched forward.
 */
final class DecisionThreads implements Executor {

    private final int maxThreads;
    private final int backlogCapacity;
    private final String namePrefix;
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // most recently idle first
    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean shutdown;

    DecisionThreads(int maxThreads, int backlogCapacity, String namePrefix) {
        if (maxThreads < 1 || backlogCapacity < 0) {
            throw new IllegalArgumentException("need >= 1 thread and a backlog >= 0, got " + maxThreads + " and "
                    + backlogCapacity);
        }
        this.maxThreads = maxThreads;
        this.backlogCapacity = backlogCapacity;
        this.namePrefix = namePrefix;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the model service's decision threads are shut down");
            }
            Worker w = idle.pollFirst();
            if (w != null) {
                w.hand(task);
            } else if (threads.size() < maxThreads) {
                Thread t = new Thread(new Worker(task), namePrefix + (threads.size() + 1));
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } else if (backlog.size() < backlogCapacity) {
                backlog.addLast(task);
            } else {
                throw new RejectedExecutionException("all " + maxThreads + " decision threads are busy and "
                        + backlogCapacity + " decisions wait already");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Threads started so far (tests). */
    int threadCount() {
        lock.lock();
        try {
            return threads.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new decisions, lets the running and waiting ones finish, and waits up to {@code timeoutMs} for the
     * threads to end; then interrupts those still running.
     *
     * @return whether every thread ended in time
     */
    boolean shutdownAndAwait(long timeoutMs) {
        List<Thread> all;
        lock.lock();
        try {
            shutdown = true;
            for (Worker w : idle) {
                w.handed.signal();
            }
            all = List.copyOf(threads);
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean ended = true;
        for (Thread t : all) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
                ended = false;
            }
        }
        return ended;
    }

    private final class Worker implements Runnable {
        private final Condition handed = lock.newCondition();
        private Runnable next; // guarded by lock

        Worker(Runnable first) {
            this.next = first;
        }

        /** Lock held. */
        void hand(Runnable task) {
            next = task;
            handed.signal();
        }

        @Override
        public void run() {
            Runnable task = take();
            while (task != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    // a decision reports its own failure through its future; anything else must not end the thread
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
                }
                task = take();
            }
        }

        /** The handed task, else a waiting one, else waits idle (first in line for the next decision). */
        private Runnable take() {
            lock.lock();
            try {
                if (next == null) {
                    next = backlog.pollFirst();
                }
                while (next == null && !shutdown) {
                    idle.addFirst(this);
                    handed.awaitUninterruptibly();
                    idle.remove(this);
                }
                Runnable r = next;
                next = null;
                return r;
            } finally {
                lock.unlock();
            }
        }
    }
}
