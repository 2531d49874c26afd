namespace FocusController.Imaging.Tiling;

/// <summary>A square patch of a frame: its top-left corner, its side, and its place in the grid.</summary>
public readonly record struct PatchRegion(int X, int Y, int Size, int Column, int Row)
{
    public int Right => X + Size;

    public int Bottom => Y + Size;
}
