using System.Text.Json;
using FocusController.Imaging;
using FocusController.Inference;
using FocusController.Simulation.Microscope;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;
using Xunit.Abstractions;

namespace FocusController.Host.Tests;

/// <summary>
/// The shipped int8 models on frames the training never saw (specimen seeds from 9300 on; training used 1000+ and
/// 2000+), checked against what the committed held-out evaluation (models/eval/&lt;objective&gt;/eval.json, the model
/// card's figures) states, with room for the few frames drawn here. The bound follows that evaluation, so it tightens
/// by itself when a better model ships with its evaluation. The training split's own figures are not used: a model
/// fine-tuned on near-focus stacks states them over |z| ≤ 2 µm only, and these frames reach 8 µm.
/// </summary>
/// <remarks>
/// While the shipped models are under-trained (held-out RMSE over |z| ≤ 10 um of 1.9 to 3.6 um, models/MODEL_CARD.md)
/// this bound is loose: answering 0 on these z gives 5.7 um, not far outside the 40x bound. The test prints that
/// figure beside the model's so the gap is visible in the log.
/// </remarks>
public sealed class ShippedModelAccuracyTests(ITestOutputHelper output)
{
    private static readonly double[] Zs = [-8, -5, -3, 3, 5, 8];

    [Theory]
    [InlineData("20x-0.75")]
    [InlineData("40x-0.65")]
    public void Estimates_on_rendered_frames_of_held_out_specimens_match_the_rendered_z_within_the_stated_accuracy(string objective)
    {
        string models = Path.Combine(SystemdUnitTests.RepositoryRoot(), "models");
        string modelPath = Path.Combine(models, ModelFiles.FileName(objective, ModelPrecision.Int8));
        var profile = ObjectiveProfiles.Get(objective);
        using var estimator = PatchDefocusEstimator.Open(new LdseModelOptions { ModelPath = modelPath, IntraOpThreads = 1 });
        double statedRmse = StatedRmseUm(Path.Combine(models, "eval", objective, "eval.json"), estimator.Model.Info.Version);

        var errors = new List<double>();
        int seed = 9300;
        foreach (string kind in new[] { "blood", "tissue", "sparse" })
        {
            var microscope = VirtualMicroscope.WithProceduralSpecimen(
                kind, seed++, OpticalSetup.Nominal(profile), 672, 672, SensorModel.Default, _ => 0);
            var noise = new NoiseSource(seed);
            foreach (double z in Zs)
            {
                var estimate = estimator.Estimate(microscope.Capture(z, noise));
                Assert.True(estimate.HasValue, $"{kind} at z {z}: {estimate.Status}");
                errors.Add(estimate.DefocusUm - z);
                output.WriteLine($"{objective} {kind} z {z:+0;-0}: estimate {estimate.DefocusUm:+0.00;-0.00} um, confidence {estimate.Confidence:F2}");
            }
        }

        double rmse = Math.Sqrt(errors.Average(e => e * e));
        double answeringZero = Math.Sqrt(Zs.Average(z => z * z));
        Assert.True(rmse <= (1.3 * statedRmse) + 0.5, $"{objective}: RMSE {rmse:F2} um on held-out frames; the model states {statedRmse:F2} um");
        output.WriteLine($"{objective}: RMSE {rmse:F2} um over {errors.Count} held-out frames; answering 0 would give {answeringZero:F2} um; the model states {statedRmse:F2} um");
    }

    private static double StatedRmseUm(string evaluationPath, string shippedVersion)
    {
        using var evaluation = JsonDocument.Parse(File.ReadAllText(evaluationPath));
        string evaluatedVersion = evaluation.RootElement.GetProperty("version").GetString() ?? "";
        Assert.True(evaluatedVersion == shippedVersion, $"{evaluationPath} evaluates version {evaluatedVersion}; the shipped model is {shippedVersion}");
        return evaluation.RootElement.GetProperty("overall").GetProperty("int8").GetProperty("rmse_um_z10").GetDouble();
    }
}
