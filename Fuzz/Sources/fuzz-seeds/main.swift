// placeholder, replaced below
print("seeds")
