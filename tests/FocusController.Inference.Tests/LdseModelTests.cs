using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference.Tests;

public class LdseModelTests
{
    [Fact]
    public void Metadata_is_read_from_the_model()
    {
        using var model = Fixtures.LoadLinear();

        Assert.Equal(224, model.Info.PatchSize);
        Assert.Equal(Fixtures.Mean, model.Info.Mean.Select(v => (double)v), new ToleranceComparer(1e-7));
        Assert.Equal(Fixtures.Std, model.Info.Std.Select(v => (double)v), new ToleranceComparer(1e-7));
        Assert.Equal("20x-0.75", model.Info.Objective);
        Assert.Equal(10, model.Info.ZRangeUm);
        Assert.Equal("fp32", model.Info.Precision);
    }

    [Fact]
    public void Preprocessing_from_metadata_is_applied_per_channel_in_rgb_order()
    {
        using var model = Fixtures.LoadLinear();
        var frame = new RgbImage(3 * 224, 224);
        // three patches with different colours: a swapped channel or a shared mean/std would change each output
        var regions = new[] { new PatchRegion(0, 0, 224, 0, 0), new PatchRegion(224, 0, 224, 1, 0), new PatchRegion(448, 0, 224, 2, 0) };
        Fixtures.PaintTexture(frame, regions[0], (200, 60, 30), seed: 1);
        Fixtures.PaintTexture(frame, regions[1], (40, 220, 90), seed: 2);
        Fixtures.PaintTexture(frame, regions[2], (120, 120, 240), seed: 3);
        var results = new float[3];

        model.Predict(frame, regions, results);

        for (int i = 0; i < regions.Length; i++)
        {
            Assert.Equal(Fixtures.ExpectedOutput(frame, regions[i]), results[i], 1e-4);
        }

        Assert.NotEqual(results[0], results[1], 1e-2);
    }

    [Fact]
    public void The_preprocessing_table_matches_the_contract_formula()
    {
        using var model = Fixtures.LoadLinear();

        for (int c = 0; c < 3; c++)
        {
            foreach (byte v in new byte[] { 0, 1, 128, 254, 255 })
            {
                Assert.Equal(((v * Fixtures.Scale) - Fixtures.Mean[c]) / Fixtures.Std[c], model.Preprocessor.Apply(c, v), 1e-5);
            }
        }
    }

    [Fact]
    public void More_patches_than_the_batch_run_in_several_batches_with_the_same_results()
    {
        using var small = Fixtures.LoadLinear(maxBatch: 2);
        using var large = Fixtures.LoadLinear(maxBatch: 9);
        var frame = new RgbImage(5 * 224, 224);
        var regions = Enumerable.Range(0, 5).Select(i => new PatchRegion(i * 224, 0, 224, i, 0)).ToArray();
        for (int i = 0; i < regions.Length; i++)
        {
            Fixtures.PaintTexture(frame, regions[i], (40 * i, 200 - (30 * i), 100), seed: i);
        }

        var a = new float[5];
        var b = new float[5];
        small.Predict(frame, regions, a);
        large.Predict(frame, regions, b);

        // float reductions may associate differently by batch size: equal to rounding
        Assert.Equal(b.Select(v => (double)v), a.Select(v => (double)v), new ToleranceComparer(1e-5));
        for (int i = 0; i < regions.Length; i++)
        {
            Assert.Equal(Fixtures.ExpectedOutput(frame, regions[i]), a[i], 1e-4);
        }
    }

    [Fact]
    public void The_input_buffer_is_allocated_once_and_reused_for_every_frame()
    {
        using var model = Fixtures.LoadLinear();
        var frame = new RgbImage(224, 224);
        var regions = new[] { new PatchRegion(0, 0, 224, 0, 0) };
        var results = new float[1];
        var buffer = model.InputBuffer;
        model.Predict(frame, regions, results);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            model.Predict(frame, regions, results);
        }

        long perRun = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;

        Assert.Same(buffer, model.InputBuffer);
        Assert.Equal(9 * 3 * 224 * 224, buffer.Length);
        // one patch's input tensor alone is 602,112 bytes; a run that built tensors would allocate at least that
        Assert.True(perRun < 4096, $"a run allocated {perRun} bytes");
    }
}

internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;
}
