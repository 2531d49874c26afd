namespace FocusController.Motion;

/// <summary>
/// Plans the legs of a move so that every final approach comes from the same side with the backlash taken up, so a
/// position reached from above equals one reached from below.
/// </summary>
internal sealed class ApproachPlanner(int approachSign, long backlashSteps)
{
    /// <summary>+1 when the final approach moves in the positive direction (from below).</summary>
    public int ApproachSign { get; } = approachSign;

    public long BacklashSteps { get; } = backlashSteps;

    /// <summary>
    /// The way points from <paramref name="from"/> to <paramref name="to"/>: just the target when the move already ends
    /// with at least the backlash of travel in the approach direction (or the play is already taken up that way), else
    /// an overshoot past the target against the approach direction first.
    /// </summary>
    /// <param name="takenUp">The last motion ended in the approach direction with the play taken up.</param>
    public IReadOnlyList<long> Plan(long from, long to, bool takenUp)
    {
        if (BacklashSteps == 0)
        {
            return from == to ? [] : [to];
        }

        var travel = (to - from) * ApproachSign;
        if (travel == 0 && takenUp)
        {
            return [];
        }

        if (travel > 0 && (takenUp || travel >= BacklashSteps))
        {
            return [to];
        }

        return [to - (ApproachSign * BacklashSteps), to];
    }
}

/// <summary>
/// Follows whether the play is taken up in the approach direction: it is after at least the backlash of consecutive
/// steps that way, and stays so while steps continue that way; any step the other way undoes it.
/// </summary>
internal sealed class BacklashTracker(int approachSign, long backlashSteps, bool takenUp)
{
    private long _run;

    public bool TakenUp { get; private set; } = takenUp;

    public void Stepped(int sign)
    {
        if (sign == approachSign)
        {
            _run++;
            TakenUp |= _run >= backlashSteps;
        }
        else
        {
            _run = 0;
            TakenUp = false;
        }
    }

    /// <summary>Nothing is known about the play (after a crash or a re-reference by hand).</summary>
    public void Forget()
    {
        _run = 0;
        TakenUp = false;
    }
}
