namespace FocusController.Control;

/// <summary>
/// Which way a positive defocus is corrected: +1 when positive commands move the axis as the model's sign assumes,
/// −1 once the controller has seen a correction make things worse (motor wired or coupled the other way round).
/// Shared by autofocus and tracking so a reversal learned once holds for the session.
/// </summary>
public sealed class AxisDirection
{
    public double Sign { get; private set; } = 1;

    public int Reversals { get; private set; }

    public void Reverse()
    {
        Sign = -Sign;
        Reversals++;
    }
}
