namespace FocusController.Imaging;

/// <summary>
/// A classic sharpness score of an image (Brenner, Tenengrad, variance of Laplacian, normalized variance):
/// larger is sharper. Used by the fallback search and calibration, where no model is needed.
/// </summary>
public interface IFocusMeasure
{
    string Name { get; }

    double Score(RgbImage image);
}
