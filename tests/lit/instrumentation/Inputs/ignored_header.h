// ignored_header.h — matched by src: in ignorelist.cpp's ignorelist.
#pragma once

inline int header_read(const int *p) { return *p; }
