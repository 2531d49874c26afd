using System.Runtime.InteropServices;
using FocusController.Camera.V4l2;

namespace FocusController.Camera.Tests;

/// <summary>The kernel reads these structs by size and layout; a wrong size or request code is silently ignored by the driver.</summary>
public class V4l2NativeLayoutTests
{
    [Fact]
    public void Structs_have_the_kernel_sizes()
    {
        Assert.Equal(8, Marshal.SizeOf<NativeMethods.Control>());
        Assert.Equal(204, Marshal.SizeOf<NativeMethods.StreamParameter>());
        Assert.Equal(52, Marshal.SizeOf<NativeMethods.FrameIntervalEnum>());
    }

    [Fact]
    public void Request_codes_follow_the_iowr_encoding_of_their_struct_sizes()
    {
        Assert.Equal(NativeMethods.SetControlRequest, Iowr(28, Marshal.SizeOf<NativeMethods.Control>()));
        Assert.Equal(NativeMethods.SetParameterRequest, Iowr(22, Marshal.SizeOf<NativeMethods.StreamParameter>()));
        Assert.Equal(NativeMethods.EnumFrameIntervalsRequest, Iowr(75, Marshal.SizeOf<NativeMethods.FrameIntervalEnum>()));
    }

    [Fact]
    public void The_frame_rate_sits_where_the_kernel_expects_timeperframe()
    {
        // struct v4l2_streamparm: type (0), capture.capability (4), capture.capturemode (8), capture.timeperframe (12, 16).
        Assert.Equal(12, (int)Marshal.OffsetOf<NativeMethods.StreamParameter>(nameof(NativeMethods.StreamParameter.TimePerFrameNumerator)));
        Assert.Equal(16, (int)Marshal.OffsetOf<NativeMethods.StreamParameter>(nameof(NativeMethods.StreamParameter.TimePerFrameDenominator)));
        // struct v4l2_frmivalenum: index, pixel_format, width, height, type (16), then the discrete fraction (20, 24).
        Assert.Equal(20, (int)Marshal.OffsetOf<NativeMethods.FrameIntervalEnum>(nameof(NativeMethods.FrameIntervalEnum.MinNumerator)));
    }

    private static uint Iowr(int number, int size) => (3u << 30) | ((uint)size << 16) | ((uint)'V' << 8) | (uint)number;
}
