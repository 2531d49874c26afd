using FocusController.Control;
using FocusController.Imaging;

namespace FocusController.Host.Daemon;

/// <summary>
/// The hardware (or the virtual microscope) opened for the control loop: the rig the strategies drive, the
/// objective it is set up for, and what owns the devices so they are released on shutdown.
/// <paramref name="ModelProblem"/> says why no model is loaded (the loop then falls back to the classic strategy).
/// </summary>
public sealed record RigParts(
    FocusRig Rig,
    ObjectiveProfile Profile,
    string? ModelProblem,
    bool Simulated,
    IAsyncDisposable Owner);

/// <summary>Opens the rig: <see cref="HardwareRigSource"/> on a real box, <see cref="VirtualRigSource"/> with --simulate.</summary>
public interface IRigSource
{
    Task<RigParts> OpenAsync(CancellationToken cancellationToken);
}
