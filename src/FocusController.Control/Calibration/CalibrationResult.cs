namespace FocusController.Control.Calibration;

/// <summary>
/// What <see cref="StageCalibration"/> measured. <paramref name="DirectionSign"/> is +1 when the motor's positive
/// steps move towards the model's positive defocus (the wiring is right), −1 when DirectionInverted must flip, and 0
/// when the model's estimates did not show it. <paramref name="UmPerMicrostep"/> is true focus travel, or null when
/// the model's estimates scattered too much to give it within <see cref="CalibrationOptions.MaxScaleUncertainty"/>;
/// <paramref name="BacklashUm"/> is then in the config's current scale. <paramref name="BacklashMicrosteps"/> is the
/// play in motor steps, what the axis actually uses, measured by the focus measure alone.
/// The rest is evidence: the slope of the estimates against commanded µm, how well the line fits, where the peak was
/// found from each side (commanded µm), and how many frames it took.
/// </summary>
public sealed record CalibrationResult(
    int DirectionSign,
    double? UmPerMicrostep,
    double BacklashUm,
    long BacklashMicrosteps,
    double Slope,
    double SlopeStandardError,
    double FitResidualUm,
    int FitPoints,
    double PeakFromBelowUm,
    double PeakFromAboveUm,
    int Frames,
    TimeSpan Elapsed)
{
    /// <summary>The DirectionInverted setting that makes positive steps go the model's positive way.</summary>
    public bool DirectionInverted(bool configured) => DirectionSign < 0 ? !configured : configured;

    /// <summary>Relative standard error of the scale (slope) measurement.</summary>
    public double ScaleUncertainty => Math.Abs(Slope) > 0 ? SlopeStandardError / Math.Abs(Slope) : double.PositiveInfinity;
}

/// <summary>The specimen or the model did not allow a measurement; the message says what was seen and what to do.</summary>
public sealed class CalibrationException : Exception
{
    public CalibrationException()
    {
    }

    public CalibrationException(string message)
        : base(message)
    {
    }

    public CalibrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
