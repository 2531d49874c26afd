namespace FocusController.Simulation.Stage;

/// <summary>
/// Backlash between the motor and the focus plane, as a dead band: the plane stays put until the motor has taken up
/// the play on the side it is now moving to, then follows it exactly.
/// </summary>
public sealed class KnobPlay(double backlashUm)
{
    public double BacklashUm { get; } = backlashUm >= 0 ? backlashUm : throw new ArgumentOutOfRangeException(nameof(backlashUm), backlashUm, "play is 0 or more µm");

    /// <summary>Where the motor side of the coupling is, µm.</summary>
    public double MotorUm { get; private set; }

    /// <summary>Where the focus plane is, µm; always within [MotorUm − play, MotorUm].</summary>
    public double PlaneUm { get; private set; }

    public void MoveMotor(double deltaUm)
    {
        MotorUm += deltaUm;
        if (MotorUm > PlaneUm + BacklashUm)
        {
            PlaneUm = MotorUm - BacklashUm;
        }
        else if (MotorUm < PlaneUm)
        {
            PlaneUm = MotorUm;
        }
    }
}
