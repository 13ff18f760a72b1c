module vigiltasks

go 1.19
