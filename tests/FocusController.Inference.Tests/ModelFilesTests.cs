namespace FocusController.Inference.Tests;

public sealed class ModelFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("focusctl-models-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("20x-0.75", ModelPrecision.Int8, "ldse-net-20x-0.75.int8.onnx")]
    [InlineData("40x-0.65", ModelPrecision.Fp32, "ldse-net-40x-0.65.fp32.onnx")]
    public void File_names_follow_the_contract(string objective, ModelPrecision precision, string expected)
    {
        Assert.Equal(expected, ModelFiles.FileName(objective, precision));
    }

    [Fact]
    public void The_base_directory_wins_over_the_repository_and_the_current_directory()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_root, "repo", "bin", "Release")).FullName;
        string cwd = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        string name = ModelFiles.FileName("20x-0.75", ModelPrecision.Int8);
        Touch(Path.Combine(_root, "repo", "models", name));
        Touch(Path.Combine(cwd, "models", name));

        Assert.Equal(Path.Combine(_root, "repo", "models", name), ModelFiles.Find(name, bin, cwd, out _));

        Touch(Path.Combine(bin, "models", name));
        Assert.Equal(Path.Combine(bin, "models", name), ModelFiles.Find(name, bin, cwd, out _));
    }

    [Fact]
    public void The_current_directory_is_searched_last_and_misses_list_the_places_looked_in()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        string cwd = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        string name = ModelFiles.FileName("40x-0.65", ModelPrecision.Fp32);

        Assert.Null(ModelFiles.Find(name, bin, cwd, out var searched));
        Assert.Equal(Path.Combine(bin, "models"), searched[0]);
        Assert.Contains(Path.Combine(cwd, "models"), searched);

        Touch(Path.Combine(cwd, "models", name));
        Assert.Equal(Path.Combine(cwd, "models", name), ModelFiles.Find(name, bin, cwd, out _));
    }

    private static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }
}
