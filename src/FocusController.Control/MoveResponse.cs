namespace FocusController.Control;

public enum MoveVerdict
{
    /// <summary>The estimate changed the way the move should have changed it.</summary>
    AsExpected,

    /// <summary>The move was too small to tell.</summary>
    TooSmallToJudge,

    /// <summary>The estimate changed the other way: the axis runs opposite to what the controller assumes.</summary>
    Reversed,

    /// <summary>The estimate went past zero and grew: the axis moves much more than asked.</summary>
    Overshoot,

    /// <summary>The estimate did not change: the axis did not move (stalled motor, slipping coupler).</summary>
    NoResponse,
}

/// <summary>
/// Judges one correction by the estimates before and after it. The model's number is absolute, so it tells how far
/// the axis really moved whatever the drive believes: wrong sign and lost steps show up here.
/// </summary>
/// <param name="Gain">Observed change of the estimate per µm of expected change (1 when the axis does as asked).</param>
public readonly record struct MoveResponse(MoveVerdict Verdict, double Gain)
{
    /// <param name="beforeUm">Estimate before the move.</param>
    /// <param name="expectedChangeUm">How the estimate should change: the commanded move times the axis sign.</param>
    /// <param name="afterUm">Estimate after the move.</param>
    /// <param name="noiseUm">Typical estimate noise.</param>
    public static MoveResponse Judge(double beforeUm, double expectedChangeUm, double afterUm, double noiseUm)
    {
        var change = afterUm - beforeUm;
        if (Math.Abs(expectedChangeUm) < Math.Max(4 * noiseUm, 1e-6))
        {
            return new MoveResponse(MoveVerdict.TooSmallToJudge, double.NaN);
        }

        var gain = change / expectedChangeUm;
        if (change * Math.Sign(expectedChangeUm) < -Math.Max(3 * noiseUm, 0.1 * Math.Abs(expectedChangeUm)))
        {
            return new MoveResponse(MoveVerdict.Reversed, gain);
        }

        var worse = Math.Abs(afterUm) > Math.Abs(beforeUm) + Math.Max(2 * noiseUm, 0.2 * Math.Abs(beforeUm));
        if (worse && gain > 2)
        {
            return new MoveResponse(MoveVerdict.Overshoot, gain);
        }

        if (Math.Abs(change) < Math.Max(2 * noiseUm, 0.2 * Math.Abs(expectedChangeUm)))
        {
            return new MoveResponse(MoveVerdict.NoResponse, gain);
        }

        return new MoveResponse(MoveVerdict.AsExpected, gain);
    }
}
