package io.cloudvoter.agent; public final class Main { public static void main(String[] a) {} }
