namespace FocusController.Inference.Tests;

public class ModelContractTests
{
    private static InvalidModelException LoadFails(string path) =>
        Assert.Throws<InvalidModelException>(() => LdseModel.Load(new LdseModelOptions { ModelPath = path, IntraOpThreads = 1 }));

    [Fact]
    public void Missing_model_file_names_the_file()
    {
        string path = Fixtures.Path("ldse-net-nowhere.int8.onnx");

        var ex = LoadFails(path);

        Assert.Equal($"{path}: model file not found", ex.Message);
    }

    [Fact]
    public void Model_without_metadata_names_the_file_and_the_missing_key()
    {
        string path = Fixtures.Path("fixture-no-metadata.onnx");

        var ex = LoadFails(path);

        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("lacks 'focuscontroller.format'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_whose_input_is_not_the_contract_is_refused()
    {
        string path = Fixtures.Path("fixture-wrong-shape.onnx");

        var ex = LoadFails(path);

        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("[N,1,224,224]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float32 [N,3,224,224]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_inconsistent_with_the_contract_is_refused()
    {
        var ex = LoadFails(Fixtures.Path("fixture-bad-mean.onnx"));

        Assert.Contains("preprocess.mean is '0.5,0.5'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_near_focus_gain_that_is_not_a_number_is_refused_and_an_absent_one_is_unknown()
    {
        var ex = LoadFails(Fixtures.Path("fixture-bad-gain.onnx"));

        Assert.Contains("near_focus_gain is 'steep'; a number is expected", ex.Message, StringComparison.Ordinal);
        using var model = Fixtures.LoadLinear();
        Assert.Null(model.Info.NearFocusGain);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Environment.ProcessId}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var ex = LoadFails(path);

            Assert.StartsWith($"{path}: not a loadable ONNX model", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    public void Bad_batch_size_is_refused_at_start(int maxBatch)
    {
        var options = new LdseModelOptions { ModelPath = Fixtures.Linear, MaxBatch = maxBatch };

        Assert.Throws<ArgumentOutOfRangeException>(() => LdseModel.Load(options));
    }
}
