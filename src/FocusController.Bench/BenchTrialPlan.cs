using FocusController.Simulation.Specimens;

namespace FocusController.Bench;

/// <summary>One trial of the bench: which held-out specimen, and how far from focus the axis starts.</summary>
/// <param name="FarStart">True for the share of starts drawn outside the near range (the model's edge and beyond).</param>
public sealed record BenchTrial(int Index, string Kind, int SpecimenSeed, double StartDefocusUm, bool FarStart);

/// <summary>
/// The trials every strategy runs, drawn once from the bench seed: specimens cycle through every kind (held-out corpus
/// images among them when the bench has the corpus), with seeds from
/// <see cref="FirstSpecimenSeed"/> up (the training and evaluation sets used seeds below 10 000, so these are held out);
/// starts are uniform within ± the near range, except a share drawn uniformly between the near and the far range.
/// </summary>
public static class BenchTrialPlan
{
    public const int FirstSpecimenSeed = 900_000;

    /// <summary>Seeds reserved per bench seed: bench seeds never share a specimen for fewer trials than this.</summary>
    public const int SeedsPerBenchSeed = 10_000;

    /// <summary>The kinds the trials cycle through: the procedural kinds, and held-out images when there are any.</summary>
    public static IReadOnlyList<string> Kinds(bool withImages) =>
        [.. SpecimenKinds.All.Select(g => g.Kind), .. withImages ? new[] { VirtualBenchRig.ImageKind } : []];

    public static IReadOnlyList<BenchTrial> Draw(int trials, int seed, double nearRangeUm, double farRangeUm, double farShare, bool withImages = false)
    {
        var kinds = Kinds(withImages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nearRangeUm);
        ArgumentOutOfRangeException.ThrowIfLessThan(farRangeUm, nearRangeUm);
        if (farShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(farShare), farShare, "the share of far starts is 0 to 1");
        }

        var random = new Random(seed);
        long firstSeed = FirstSpecimenSeed + ((long)(seed % 200_000) * SeedsPerBenchSeed);
        // the far trials are spread evenly over the run rather than left to chance, so a small bench has its share too
        int farCount = (int)Math.Round(trials * farShare);
        var far = new bool[trials];
        for (int k = 0; k < farCount; k++)
        {
            far[(int)((k + 0.5) * trials / farCount)] = true;
        }

        var plan = new BenchTrial[trials];
        for (int i = 0; i < trials; i++)
        {
            var kind = kinds[i % kinds.Count];
            double sign = random.NextDouble() < 0.5 ? -1 : 1;
            double magnitude = far[i]
                ? nearRangeUm + (random.NextDouble() * (farRangeUm - nearRangeUm))
                : random.NextDouble() * nearRangeUm;
            plan[i] = new BenchTrial(i, kind, checked((int)(firstSeed + (i % SeedsPerBenchSeed))), sign * magnitude, far[i]);
        }

        return plan;
    }

    /// <summary>The tracking run's specimen: the last seed of the bench seed's block, after every trial's.</summary>
    public static int TrackingSpecimenSeed(int seed) =>
        checked((int)(FirstSpecimenSeed + ((long)(seed % 200_000) * SeedsPerBenchSeed) + SeedsPerBenchSeed - 1));
}
