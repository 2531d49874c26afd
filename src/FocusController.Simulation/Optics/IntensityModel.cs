namespace FocusController.Simulation.Optics;

/// <summary>How the fast path turns the first-order (weak-object) image ΔI into an intensity.</summary>
public enum IntensityModel
{
    /// <summary>I = 1 + ΔI: the textbook weak-object image; exact to first order, goes negative for dense stain.</summary>
    Linear,

    /// <summary>
    /// I = exp(ΔI): the same first order, but exact in focus for any pure absorber (|t|² = e^{2μ}) and never negative.
    /// Used for datasets, where red cells and nuclei are far from weak (see the Abbe comparison in the tests).
    /// </summary>
    Exponential,
}
