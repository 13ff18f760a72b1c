module vigilbench

go 1.19
