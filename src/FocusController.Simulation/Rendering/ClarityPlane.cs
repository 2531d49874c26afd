using FocusController.Imaging;
using FocusController.Imaging.FocusMeasures;

namespace FocusController.Simulation.Rendering;

/// <summary>
/// Where a simulated field is in focus (docs/contracts.md, "Where focus is"): the axis position, measured from the
/// physical focal plane, at which the field's noise-free frame has the highest normalized variance. This is the plane
/// a technician focuses on by eye and the one <c>focusctl collect</c> finds on a real stack with the same measure, so
/// every z the simulator speaks of (labels, bench truth, status) is measured from it.
/// The procedure: a coarse scan over ±<see cref="SearchHalfRangeUm"/> at <see cref="CoarseStepUm"/>, a fine scan at
/// <see cref="FineStepUm"/> over one coarse step either side of the best coarse frame, and a parabola through the best
/// fine frame and its neighbours. Where two lobes nearly tie (an unstained cell is sharpest a little above and a little
/// below its focal plane) the higher one wins; the scan is noise-free and deterministic, so it wins every time.
/// </summary>
public static class ClarityPlane
{
    public const double SearchHalfRangeUm = 5;
    public const double CoarseStepUm = 0.25;
    public const double FineStepUm = 0.05;

    /// <summary>The result is rounded to this, µm: the render lattice, far inside any depth of field.</summary>
    public const double ResolutionUm = 0.01;

    /// <summary>Below this normalized variance (in luma² per luma, an empty field's is 0) a field has nothing to focus on.</summary>
    private const double NothingToFocusOn = 1e-9;

    /// <summary>The clarity plane's distance from the physical focal plane, µm (positive: the frame is sharpest with the axis above it).</summary>
    public static double Find(SpecimenRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        var scorer = new Scorer(renderer);
        int coarseSteps = (int)Math.Round(SearchHalfRangeUm / CoarseStepUm);
        double bestZ = 0, bestScore = double.NegativeInfinity;
        for (int k = -coarseSteps; k <= coarseSteps; k++)
        {
            double z = k * CoarseStepUm;
            double score = scorer.Score(z);
            if (score > bestScore)
            {
                (bestZ, bestScore) = (z, score);
            }
        }

        if (bestScore < NothingToFocusOn)
        {
            return 0;
        }

        int fineSteps = (int)Math.Round(CoarseStepUm / FineStepUm);
        var fine = new double[(2 * fineSteps) + 1];
        int best = fineSteps;
        for (int k = -fineSteps; k <= fineSteps; k++)
        {
            fine[k + fineSteps] = k == 0 ? bestScore : scorer.Score(bestZ + (k * FineStepUm));
            if (fine[k + fineSteps] > fine[best])
            {
                best = k + fineSteps;
            }
        }

        double peak = bestZ + ((best - fineSteps) * FineStepUm);
        if (best > 0 && best < fine.Length - 1)
        {
            double left = fine[best - 1], centre = fine[best], right = fine[best + 1];
            double curvature = left - (2 * centre) + right;
            if (curvature < 0)
            {
                peak += FineStepUm * 0.5 * (left - right) / curvature;
            }
        }

        return Math.Round(peak / ResolutionUm) * ResolutionUm;
    }

    /// <summary>The measure of the noise-free frame at an axis defocus from the physical focal plane.</summary>
    public static double Score(SpecimenRenderer renderer, double zUm) => new Scorer(renderer).Score(zUm);

    private sealed class Scorer(SpecimenRenderer renderer)
    {
        private static readonly NormalizedVariance Measure = new();
        private readonly float[] _luma = new float[renderer.FrameWidth * renderer.FrameHeight];
        private readonly LuminanceBuffer _buffer = new();

        public double Score(double zUm)
        {
            renderer.NoiseFreeLuminance(zUm, _luma);
            return Measure.Score(_buffer.Fill(_luma, renderer.FrameWidth, renderer.FrameHeight));
        }
    }
}
