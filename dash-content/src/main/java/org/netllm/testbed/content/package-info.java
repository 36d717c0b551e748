/**
 * DASH content: generation with ffmpeg ({@link org.netllm.testbed.content.VideoGenerator},
 * {@code ./testbed video}), the on-disk layout ({@link org.netllm.testbed.abr.video.ContentLayout}),
 * size matching by ISO-BMFF {@code free} padding ({@link org.netllm.testbed.content.SegmentPadder}),
 * and loading any DASH folder as a {@code VideoSpec} ({@link org.netllm.testbed.abr.video.DashContent}).
 */
package org.netllm.testbed.content;
