// zlib, for inflating the compressed blobs of OpenStreetMap PBF files (RoadNetwork).
#include <zlib.h>
