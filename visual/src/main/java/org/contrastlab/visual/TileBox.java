package org.contrastlab.visual;

/** A rectangle drawn over a tile, in the tile's pixel coordinates, in a packed ARGB colour. */
public record TileBox(double x, double y, double width, double height, int argb) {
}
