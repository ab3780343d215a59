// reactor: two modules with a network each, built with -T 2; each jar holds its own image and class only.
import java.util.jar.JarFile

String text = new File(basedir, 'build.log').text
assert text.contains('BUILD SUCCESS')
assert text =~ /MultiThreadedBuilder.*thread count of 2/ : 'the build did not run with -T 2'
assert !text.contains('not marked as thread-safe') : 'a plugin is not thread-safe'
assert text.contains('vibration.onnx') && text.contains('temperature.onnx')

def modules = [
    'module-a': ['it/reactor/a', 'vibration', 'VibrationOffsets', 'VibrationMonitor'],
    'module-b': ['it/reactor/b', 'temperature', 'TemperatureOffsets', 'TemperatureMonitor'],
]
modules.each { module, spec ->
    def (dir, base, constants, user) = spec
    File res = new File(basedir, "$module/target/generated-resources/lstm/$dir")
    [".elf", ".h", ".memory-map.json"].each { assert new File(res, base + it).isFile() : "$module lacks $base$it" }
    def map = new groovy.json.JsonSlurper().parse(new File(res, "${base}.memory-map.json"))
    assert map.memorySize == 8L * 1024 * 1024 : 'the parent pom configuration was not inherited'
    new JarFile(new File(basedir, "$module/target/${module}-1.0.0.jar")).withCloseable { j ->
        [("$dir/${base}.elf"), ("$dir/${constants}.class"), ("$dir/${user}.class")].each {
            assert j.getEntry(it.toString()) != null : "$module jar lacks $it"
        }
        def other = modules.find { it.key != module }.value
        assert j.getEntry("${other[0]}/${other[1]}.elf".toString()) == null : "$module jar holds the other module's image"
    }
}
return true
