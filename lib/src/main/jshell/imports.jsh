// What every lesson uses, imported when the "Java (mlm-lab)" kernel starts (its kernelspec names this file),
// so that no lesson opens with a screen of imports. The library, one package per lesson topic:
import org.mlmlab.*;
import org.mlmlab.corpus.*;
import org.mlmlab.tokenizer.*;
import org.mlmlab.masking.*;
import org.mlmlab.model.*;
import org.mlmlab.training.*;
import org.mlmlab.prediction.*;
import org.mlmlab.visualisation.*;
import org.mlmlab.finetuning.*;
import org.mlmlab.lessons.*;
import org.mlmlab.notebook.Notebook;
// DJL: arrays and their shapes, parameters, and what a training step needs.
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.Parameter;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
// Java's collections and streams.
import java.util.*;
import java.util.stream.*;
