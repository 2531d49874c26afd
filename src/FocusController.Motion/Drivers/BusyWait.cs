using System.Diagnostics;

namespace FocusController.Motion.Drivers;

/// <summary>Waits of a few microseconds (pulse widths, setup times), far below what a sleep can resolve.</summary>
internal static class BusyWait
{
    public static void Microseconds(double microseconds)
    {
        var until = Stopwatch.GetTimestamp() + (long)Math.Ceiling(microseconds * Stopwatch.Frequency / 1e6);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(1);
        }
    }
}
