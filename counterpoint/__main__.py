"""python -m counterpoint"""
from .cli import main

main()
