/**
 * DASH content: generation with ffmpeg ({@link org.netllm.testbed.server.content.VideoGenerator},
 * {@code ./testbed video}), the on-disk layout ({@link org.netllm.testbed.server.content.ContentLayout}),
 * size matching by ISO-BMFF {@code free} padding ({@link org.netllm.testbed.server.content.SegmentPadder}),
 * and loading any DASH folder as a {@code VideoSpec} ({@link org.netllm.testbed.server.content.DashContent}).
 */
package org.netllm.testbed.server.content;
