// network-artifact: the networks are those of other ITs, copied in before the builds (so the fixtures,
// and their golden digests, exist once): the JSON network and its .npy weights of json-network become
// the model repository's jar content, incremental's net_a.onnx the consumer's own network.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File its = new File(basedir, '../../../src/it').canonicalFile
File gestures = new File(basedir, 'models/src/main/resources/gestures')
gestures.mkdirs()
new File(its, 'json-network/src/main/networks').eachFile { f ->
    Files.copy(f.toPath(), new File(gestures, f.name).toPath(), StandardCopyOption.REPLACE_EXISTING)
}
File local = new File(basedir, 'consumer/src/main/networks')
local.mkdirs()
Files.copy(new File(its, 'incremental/src/main/networks/net_a.onnx').toPath(), new File(local, 'local_net.onnx').toPath(),
        StandardCopyOption.REPLACE_EXISTING)
return true
