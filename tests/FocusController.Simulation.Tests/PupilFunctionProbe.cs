using System.Numerics;
using FocusController.Simulation.Optics;

namespace FocusController.Simulation.Tests;

/// <summary>Reaches the internal pupil and source for checks that recompute the transfer function a second way.</summary>
internal static class PupilFunctionProbe
{
    public static Complex[] Pupil(SimulationGrid grid, OpticalSetup optics, int channel, double z) =>
        PupilFunction.Build(grid, optics, channel, optics.ChannelDefocusUm(z, channel));

    public static double[] Source(SimulationGrid grid, OpticalSetup optics, int channel) => PupilFunction.Source(grid, optics, channel);
}
